// Runs graphql-http's server audits against a running server and prints their results as
// JSON: node graphql_over_http_audit.mjs <directory where graphql-http is installed> <url>
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [installedIn, url] = process.argv.slice(2);
const { serverAudits } = createRequire(join(installedIn, 'package.json'))('graphql-http');

const results = [];
for (const { id, name, fn } of serverAudits({ url })) {
  const { status, reason } = await fn();
  results.push({ id, name, status, reason });
}
process.stdout.write(JSON.stringify(results));
