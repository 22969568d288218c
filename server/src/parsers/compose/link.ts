/**
 * The link service → build → Dockerfile → the stage that runs, and what that image declares
 * (HEALTHCHECK, CMD/ENTRYPOINT, WORKDIR, EXPOSE) and contains (binaries, via model/image.ts).
 */
import type { Range } from '../../core/types';
import { describeBaseImage, entrypointAndCmd, exposedPorts, imageContents, stageChain, type BaseImage, type Presence } from '../../model/image';
import type { WorkspaceModel } from '../../workspace/model';
import type { DockerfileModel, DockerInstruction, DockerStage } from '../dockerfile/model';
import type { ComposeService } from './model';

export type { Presence };

export interface BuiltImage {
  /** Workspace path of the Dockerfile. */
  dockerfile: string;
  model: DockerfileModel;
  /** The stage that runs: `build.target`, else the final stage. */
  stage: DockerStage;
  /** The stage and those it is built `FROM`, root first. */
  chain: DockerStage[];
  /** What is known of the external base image, its reference (`python:3.12-slim`) and where it is named. */
  base: BaseImage;
  baseImage: string;
  baseShortName: string;
  fromRange: Range;
  /** The HEALTHCHECK in effect (inherited through `FROM stage`), if any. */
  healthcheck: DockerInstruction | undefined;
  healthcheckNone: boolean;
  cmd: DockerInstruction | undefined;
  entrypoint: DockerInstruction | undefined;
  /** The WORKDIR in effect, when known, and the instruction setting it. */
  workdir: string | undefined;
  workdirRange: Range | undefined;
  /** TCP container ports from EXPOSE. */
  exposed: string[];
  /** Whether the image contains a program (`curl`, `wget`, `python3`…). */
  has(binary: string): Presence;
}

function joinContainerPath(base: string | undefined, next: string): string {
  if (next.startsWith('/') || !base) return next.startsWith('/') ? next : '/' + next;
  return base.replace(/\/+$/, '') + '/' + next;
}

const linked = new WeakMap<DockerStage, Omit<BuiltImage, 'has' | 'dockerfile' | 'model'>>();

function describeStage(stage: DockerStage): Omit<BuiltImage, 'has' | 'dockerfile' | 'model'> {
  const known = linked.get(stage);
  if (known) return known;
  const chain = stageChain(stage);
  const root = chain[0];
  let healthcheck: DockerInstruction | undefined;
  let workdir: string | undefined;
  let workdirRange: Range | undefined;
  for (const s of chain) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'HEALTHCHECK') healthcheck = ins;
      else if (ins.keyword === 'WORKDIR') {
        const dir = (ins.resolvedArgsText ?? ins.argsText).trim();
        workdir = dir.includes('$') ? undefined : joinContainerPath(workdir, dir);
        workdirRange = ins.range;
      }
    }
  }
  const { cmd, entrypoint } = entrypointAndCmd(stage);
  const exposed = exposedPorts(stage).flatMap((p) => (p.port !== undefined && p.protocol === 'tcp' ? [String(p.port)] : []));
  const described = {
    stage,
    chain,
    base: describeBaseImage(root.from),
    baseImage: root.from.image,
    baseShortName: root.from.shortName,
    fromRange: root.from.range,
    healthcheck,
    healthcheckNone: !!healthcheck?.healthcheck?.none,
    cmd,
    entrypoint,
    workdir,
    workdirRange,
    exposed,
  };
  linked.set(stage, described);
  return described;
}

/** The image a service builds from a workspace Dockerfile; undefined for `image:` services or a missing Dockerfile. */
export function builtImageOf(workspace: WorkspaceModel, service: ComposeService): BuiltImage | undefined {
  const path = service.build?.dockerfilePath;
  if (path === undefined) return undefined;
  const model = workspace.dockerfile(path);
  if (!model) return undefined;
  const target = service.build?.target?.value.toLowerCase();
  const stage = target ? model.stageByName(target) : model.finalStage;
  if (!stage) return undefined;
  let contents: { has(binary: string): Presence } | undefined;
  return {
    dockerfile: path,
    model,
    ...describeStage(stage),
    has(binary: string): Presence {
      contents ??= imageContents(model, stage);
      return contents.has(binary);
    },
  };
}
