import type { Range } from '../../core/types';
import type { ShellScript } from '../shell/model';

/** A `--name=value` flag of an instruction (`--from`, `--mount`, `--chown`, `--platform`…). */
export interface DockerFlag {
  name: string;
  value: string | undefined;
  range: Range;
}

/** `KEY=value` of ENV/ARG/LABEL; value undefined for `ARG NAME` without default. */
export interface DockerProperty {
  name: string;
  value: string | undefined;
  /** Value with `${VAR}`/`$VAR` resolved against ARG defaults and ENV known at this point. */
  resolvedValue: string | undefined;
  nameRange: Range;
  valueRange: Range | undefined;
  range: Range;
}

export interface DockerHeredoc {
  name: string;
  body: string;
  /** Range of the body lines (undefined for an empty body). */
  bodyRange: Range | undefined;
  /** True when the heredoc is the script run by the shell (`RUN <<EOF`, `RUN bash <<EOF`). */
  isScript: boolean;
  /** Parsed body when `isScript` and the body is shell (no non-shell shebang). */
  shell?: ShellScript;
}

export interface DockerInstruction {
  /** Upper-case keyword: FROM, RUN, CMD… */
  keyword: string;
  range: Range;
  keywordRange: Range;
  /** Range of everything after the keyword (and its flags); undefined when there are no arguments. */
  argsRange: Range | undefined;
  /** Arguments after flags, with line continuations (and comment lines inside them) removed. */
  argsText: string;
  flags: DockerFlag[];
  /** Stage the instruction belongs to; undefined for ARGs before the first FROM. */
  stage: DockerStage | undefined;
  /** For RUN/CMD/ENTRYPOINT/SHELL and HEALTHCHECK CMD: the JSON array form, if used. */
  execForm?: { values: string[]; ranges: Range[] };
  /** For shell-form RUN/CMD/ENTRYPOINT (and HEALTHCHECK CMD): the parsed script. */
  shell?: ShellScript;
  /**
   * Exec form whose program is a POSIX shell given a script (`["sh", "-c", "…"]`): that script, with
   * ranges inside the JSON string. Added by the parser; optional.
   */
  execShell?: ShellScript;
  /**
   * USER, WORKDIR, EXPOSE, VOLUME, STOPSIGNAL, COPY/ADD: `argsText` with quotes removed and ARG/ENV
   * references known at this point expanded (unknown ones kept as written). Optional.
   */
  resolvedArgsText?: string;
  heredocs: DockerHeredoc[];
  /** ENV, ARG, LABEL. */
  properties?: DockerProperty[];
  /** COPY/ADD: sources and destination (sources exclude heredoc names). */
  paths?: { sources: { text: string; range: Range }[]; dest: { text: string; range: Range } | undefined };
  /** HEALTHCHECK: `NONE` or the check command (an instruction-like view of `CMD …`). */
  healthcheck?: { none: boolean; command?: DockerInstruction; options: DockerFlag[] };
  /** For ONBUILD, the triggered instruction. */
  trigger?: DockerInstruction;
}

export interface DockerFrom {
  /** As written, e.g. `python:${PY_VERSION}-slim`. */
  raw: string;
  /** With ARG defaults resolved, e.g. `python:3.12-slim`. */
  image: string;
  /** Repository without registry prefix normalisation, tag or digest: `python`, `ghcr.io/org/app`. */
  name: string;
  /** Last path segment of `name`, lower-case: `python` for `docker.io/library/python`. */
  shortName: string;
  tag: string | undefined;
  digest: string | undefined;
  /** A `${VAR}` remained unresolved (no default): tag/name may be unknown. */
  unresolved: boolean;
  /** Range of the image reference. */
  range: Range;
  platform: string | undefined;
  /** The earlier stage this FROM refers to, when it names one. */
  stage: DockerStage | undefined;
  isScratch: boolean;
}

export interface DockerStage {
  index: number;
  /** Lower-cased `AS` name. */
  name: string | undefined;
  nameRange: Range | undefined;
  from: DockerFrom;
  /** Instructions of the stage, FROM first. */
  instructions: DockerInstruction[];
  /** The last stage of the file (what `docker build` without `--target` produces). */
  isFinal: boolean;
  /** ARG values visible in this stage (name → default). */
  args: Map<string, string | undefined>;
  /** ENV values set in this stage or inherited from the stage it is built FROM. */
  env: Map<string, string>;
  /** Stages referenced by `COPY --from=`/`RUN --mount=from=` in this stage. */
  copiesFrom: DockerStage[];
  range: Range;
}

export interface DockerfileModel {
  path: string;
  escapeChar: string;
  /** ARGs declared before the first FROM (name → default). */
  globalArgs: Map<string, string | undefined>;
  stages: DockerStage[];
  /** All instructions in source order (including ARGs before the first FROM). */
  instructions: DockerInstruction[];
  /** Parser directives at the top of the file (`# syntax=…`, `# escape=…`, `# check=…`). Optional. */
  directives?: { name: string; value: string; range: Range }[];
  /** Problems that make the file unbuildable or unparsable (never thrown). */
  syntaxErrors: { range: Range; message: string }[];
  finalStage: DockerStage | undefined;
  stageByName(name: string): DockerStage | undefined;
}
