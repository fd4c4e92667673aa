// Static build of the dashboard. `astro build --root frontend` (from the repository root) reads this
// file and writes `frontend/dist`, which CloudFront serves in AWS and the local cloud serves at `/`.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  // `/status/index.html`: both `/status` and `/status/` resolve on CloudFront and locally.
  build: { format: 'directory' },
  trailingSlash: 'ignore',
  // The dev toolbar loads remote-looking assets and is noise for an offline product team.
  devToolbar: { enabled: false },
});
