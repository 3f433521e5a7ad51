// Tests reach into the awaitable plumbing (the forms rewritten code awaits) as often as into the public surface.
global using Greenlets.CompilerServices;
