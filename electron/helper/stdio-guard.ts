// Imported first by the helper's entry: stdout carries protocol frames only, so every console
// method (ours, the engine's, a dependency's) is pointed at stderr before any other module runs.
const toStderr = (...args: unknown[]) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;
