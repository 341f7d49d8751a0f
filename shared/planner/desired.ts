/** The planner's input vocabulary, re-exported so callers need one import. */
export type { DesiredIface, DesiredLink, DesiredNode, DesiredRoute, ResolvedLab as DesiredLab } from '../lab/resolve';
