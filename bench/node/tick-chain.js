'use strict';
// A process.nextTick chain: each callback nextTicks the next; never leaves the tick queue.
// Java counterpart: TickChainBenchmark.nextTickChain.
const { measureRate } = require('./harness');

function tickChain(length) {
  return new Promise((resolve) => {
    let left = length;
    function link() {
      if (--left > 0) process.nextTick(link);
      else resolve();
    }
    process.nextTick(link);
  });
}

measureRate('nextTickChain', tickChain);
