// ONVIF discovery from the command line, printing JSON: `tsx src/onvif/cli.ts multicast <ifaddr> [ms]` or `unicast <range> [port] [ms]`.
import { errorMessage } from '../shared/index.js';
import { discoverMulticast, discoverUnicast, type DiscoveryResult } from './discovery.js';

async function main(): Promise<void> {
  const [mode, target, ...rest] = process.argv.slice(2);
  let result: DiscoveryResult;
  const started = Date.now();
  if (mode === 'multicast' && target) {
    result = await discoverMulticast({ interfaceAddress: target, timeoutMs: Number(rest[0] ?? 3000) });
  } else if (mode === 'unicast' && target) {
    result = await discoverUnicast({
      hosts: target,
      port: Number(rest[0] ?? 3702),
      replyWaitMs: Number(rest[1] ?? 1500),
    });
  } else {
    throw new Error(
      'usage: cli.ts multicast <interface-address> [timeoutMs] | unicast <hosts|cidr> [port] [replyWaitMs]',
    );
  }
  process.stdout.write(`${JSON.stringify({ ...result, elapsedMs: Date.now() - started })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorMessage(error)}\n`);
  process.exit(1);
});
