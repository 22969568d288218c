export * from './model';
export { interpolate, type Interpolated, type VariableRef } from './interpolate';
export { parseComposeFile } from './parse';
export { composeFile, composeFileOf, composeProject, hasKey, isComplete, overlaysOf, ownsPresenceChecks, servicesBuiltFrom, type ComposeProject, type ComposeServiceRef } from './project';
export { shellOf } from './shell';
export { bindsAllInterfaces, dirOf, isContainerPathWithin, isRemoteContext, isWithin, joinWithin, parsePortString, parseVolumeString } from './syntax';
