'use strict';
// A resolved promise, then `length` chained .then(x => x + 1), awaited.
// Java counterpart: TickChainBenchmark.promiseChain.
const { measureRate } = require('./harness');

async function promiseChain(length) {
  let chain = Promise.resolve(0);
  for (let i = 0; i < length; i++) {
    chain = chain.then((x) => x + 1);
  }
  const value = await chain;
  if (value !== length) throw new Error(`chain ended with ${value}, expected ${length}`);
}

measureRate('promiseChain', promiseChain);
