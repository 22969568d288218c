import { config } from '../config';

export interface Tokens {
  access_token: string;
  id_token: string;
}

export async function exchangeCode(code: string): Promise<Tokens> {
  const response = await fetch(`${config.idpIssuer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: process.env.IDP_CLIENT_ID ?? '',
      client_secret: process.env.IDP_CLIENT_SECRET ?? '',
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status}`);
  return (await response.json()) as Tokens;
}
