import { config } from 'zod';

// The page's Content-Security-Policy allows no eval: zod must neither compile its parsers with `new Function`
// nor probe whether it may (the probe alone is reported as a violation). Imported before any schema is built.
config({ jitless: true });
