// The native side of bench:rtsp: N RtspIngest runs in one Node process, fragments counted and dropped. Prints
// "ready" once every camera has delivered a fragment; "report" on stdin prints one JSON line of counts.
import { createInterface } from 'node:readline';
import { RtspIngest } from '../../src/rtsp/index.js';

const urls = process.argv.slice(2);
const fragments = new Array<number>(urls.length).fill(0);
let bytes = 0;
let failures = 0;
let announced = false;

const runs = urls.map(
  (url, index) =>
    new RtspIngest({
      url,
      sink: {
        pushInit: () => undefined,
        pushFragment: (fragment) => {
          fragments[index] = (fragments[index] ?? 0) + 1;
          bytes += fragment.byteLength;
          if (!announced && fragments.every((count) => count > 0)) {
            announced = true;
            console.log('ready');
          }
        },
      },
      onEnd: (failure) => {
        failures++;
        console.error(`camera ${index + 1} ended: ${failure.message}`);
      },
    }),
);
for (const run of runs) run.start();

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'report') return;
  console.log(JSON.stringify({ fragments: fragments.reduce((a, b) => a + b, 0), bytes, failures }));
});

process.on('SIGTERM', () => {
  for (const run of runs) run.stop();
  process.exit(0);
});
