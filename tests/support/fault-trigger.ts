// Preloaded into a hub process by tests: on a signal it raises faults no handler catches, as a bug would.

// SIGUSR2: a stray rejection and a stray exception, which the hub must log and survive.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('stray rejection raised by a test'));
  setImmediate(() => {
    throw new Error('stray exception raised by a test');
  });
});

// SIGHUP: a fault of a corrupt database, after which the hub must stop and exit with 1.
process.on('SIGHUP', () => {
  setImmediate(() => {
    throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
  });
});
