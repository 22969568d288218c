export const config = {
  port: Number(process.env.PORT ?? 3000),
  ordersApiUrl: process.env.ORDERS_API_URL ?? 'http://api:8000',
  idpIssuer: process.env.IDP_ISSUER ?? 'https://login.example.com',
};
