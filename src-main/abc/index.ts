export { splitTunes, type RawTune, type SplitResult } from './split'
export { readHeaders, type TuneHeaders } from './headers'
export { normalizeTune, tuneHash } from './normalize'
