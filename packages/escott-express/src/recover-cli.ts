#!/usr/bin/env node
console.log("recover: not yet")
