'use strict';
// A setImmediate chain: each callback schedules the next, one per loop iteration.
// Java counterpart: ImmediateChainBenchmark.loop.
const { measureRate } = require('./harness');

function immediateChain(length) {
  return new Promise((resolve) => {
    let left = length;
    function link() {
      if (--left > 0) setImmediate(link);
      else resolve();
    }
    setImmediate(link);
  });
}

measureRate('immediateChain', immediateChain);
