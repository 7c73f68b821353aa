// The Node script that com.example.porter.Script ports; ScriptTest runs both when node is on the PATH.
const { setTimeout: delay } = require('timers/promises');
const log = line => console.log(line);
process.once('beforeExit', () => log('beforeExit'));
process.on('exit', () => log('exit'));
setImmediate(() => log('immediate'));
Promise.resolve(20).then(n => n + 1).then(n => log('promise ' + n));
process.nextTick(() => log('nextTick'));
log('sync');
setTimeout(() => log('timeout'), 50);
delay(60, 'later').then(v => log('delay ' + v));
