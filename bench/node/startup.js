// Node on the same script as dev.loop.examples.Startup: milliseconds from launch to the script body and to the first immediate.
// Usage: node bench/node/startup.js "$(date +%s%N)"
const launched = Number(BigInt(process.argv[2]) / 1000n) / 1000; // ms
const now = () => performance.timeOrigin + performance.now();
const entry = now() - launched;
setTimeout(() => {}, 1);
setImmediate(() => console.log(JSON.stringify({entry_ms: +entry.toFixed(1), first_immediate_ms: +(now() - launched).toFixed(1)})));
