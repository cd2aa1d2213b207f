#!/usr/bin/env node
console.log("escott-sandbox cli: not yet")
