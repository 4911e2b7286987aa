// Tests that need what a machine may lack (root for namespaces, an optional GStreamer encoder) fail with the reason,
// unless VIGIL_TEST_SKIP names the missing part (comma-separated, or "all").
import { execFileSync } from 'node:child_process';

export type Requirement = 'netns' | 'x264enc' | 'openh264enc' | 'chromium' | 'nats-server';

function skipAllowed(requirement: Requirement): boolean {
  const names = (process.env.VIGIL_TEST_SKIP ?? '').split(',').map((name) => name.trim());
  return names.includes('all') || names.includes(requirement);
}

/** Whether the tests needing `requirement` are skipped: only when it is missing and VIGIL_TEST_SKIP allows it. */
export function skipWhenMissing(requirement: Requirement, missingReason: string | undefined): boolean {
  if (missingReason === undefined || !skipAllowed(requirement)) return false;
  console.warn(`skipping the tests that need ${requirement}: ${missingReason}`);
  return true;
}

/** Throws why `requirement` is missing, in a hook or test, so the run fails with the reason instead of skipping. */
export function assertAvailable(requirement: Requirement, missingReason: string | undefined): void {
  if (missingReason === undefined) return;
  throw new Error(
    `${requirement} is missing: ${missingReason} (set VIGIL_TEST_SKIP=${requirement} to skip these tests)`,
  );
}

/** Why this machine's GStreamer lacks an element (e.g. x264enc from gstreamer1.0-plugins-ugly), if it does. */
export function gstElementMissing(element: string, debianPackage: string): string | undefined {
  try {
    execFileSync('gst-inspect-1.0', ['--exists', element], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `GStreamer has no ${element} (Debian package ${debianPackage}; scripts/setup-system.sh installs it)`;
  }
}

/** Why this machine cannot run a command (e.g. nats-server from Debian's nats-server), if it cannot. */
export function commandMissing(command: string, debianPackage: string): string | undefined {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${command} is not installed (Debian package ${debianPackage}; scripts/setup-system.sh installs it)`;
  }
}
