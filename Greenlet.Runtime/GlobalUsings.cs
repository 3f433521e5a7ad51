// The awaitable plumbing lives in its own namespace, out of users' sight; the runtime itself is written on it throughout.
global using Greenlets.CompilerServices;
