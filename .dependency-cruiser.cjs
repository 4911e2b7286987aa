// Dependency direction of the architecture: shared/contracts ← config ← db ← domain ← api/realtime ← hub.
/** @type {import('dependency-cruiser').IConfiguration} */
const DOMAIN =
  '^src/(org|registration|ffmpeg|rtsp|ingest|stream|live|recording|playback|snapshots|onvif|push|events|simulator|federation|transcode)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'shared-and-contracts-stand-alone',
      comment: 'shared/ and contracts/ are the bottom layer: they import no other src/ folder.',
      severity: 'error',
      from: { path: '^src/(shared|contracts)/' },
      to: { path: '^src/', pathNot: ['^src/(shared|contracts)/'] },
    },
    {
      name: 'config-below-db',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: ['^src/(shared|contracts|config)/'] },
    },
    {
      name: 'db-below-domain',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: ['^src/(shared|contracts|config|db)/'] },
    },
    {
      name: 'nothing-imports-api-or-realtime',
      comment: 'Only hub.ts wires api/ and realtime/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(api|realtime)/', '^src/hub\\.ts$'] },
      to: { path: '^src/(api|realtime)/' },
    },
    {
      name: 'domain-does-not-import-entry',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^src/(hub|main)\\.ts$' },
    },
    {
      name: 'stream-and-ingest-never-import-readers',
      comment: 'Readers (live, recording, snapshots, transcode) depend on stream; never the other way.',
      severity: 'error',
      from: { path: '^src/(stream|ingest)/' },
      to: { path: '^src/(live|recording|snapshots|playback|transcode)/' },
    },
    {
      name: 'rtsp-is-an-engine-only',
      comment:
        'rtsp/ turns a camera into init + fragments: it reads stream/ types and parsers and ffmpeg/ failure reasons, and knows nothing of ingest or the readers.',
      severity: 'error',
      from: { path: '^src/rtsp/' },
      to: { path: '^src/', pathNot: ['^src/(shared|contracts|rtsp|stream|ffmpeg)/'] },
    },
    {
      name: 'web-imports-only-contracts',
      comment: 'The console shares wire types through src/contracts and nothing else.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: ['^src/contracts/'] },
    },
    {
      name: 'modules-through-index',
      comment: 'A domain module is imported through its index.ts from outside; shared/ is a toolkit of single files.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: '^src/([^/]+)/.+',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/(shared|contracts)/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^dist/', 'node_modules'] },
  },
};
