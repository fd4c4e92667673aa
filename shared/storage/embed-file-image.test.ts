import { describe, expect, it } from 'vitest';
import { env } from '../config/env.ts';
import { embedFileImage, filesKeyOf } from './embed-file-image.ts';

const base = env().FILES_BASE_URL.replace(/\/$/, '');

describe('embedding files-bucket images (offline)', () => {
  it('names the key of our own files only', () => {
    expect(filesKeyOf(`${base}/agencies/a1/branding/logo-ab%20c.png?v=2`)).toBe(
      'agencies/a1/branding/logo-ab c.png',
    );
    expect(filesKeyOf('https://cdn.example.com/agencies/a1/branding/logo.png')).toBeNull();
    expect(filesKeyOf(`${base}/%E0%A4%A`)).toBeNull();
  });

  it('keeps data: URLs and leaves out what the renderer could not load, without reading S3', async () => {
    const inline = 'data:image/png;base64,iVBORw0KGgo=';
    expect(await embedFileImage(inline, 'a1')).toBe(inline);
    expect(await embedFileImage(null, 'a1')).toBeNull();
    expect(await embedFileImage('https://cdn.example.com/logo.png', 'a1')).toBeNull();
    // Another agency's object is never read through a URL.
    expect(await embedFileImage(`${base}/agencies/a2/branding/logo.png`, 'a1')).toBeNull();
    expect(await embedFileImage(`${base}/agencies/a1x/branding/logo.png`, 'a1')).toBeNull();
  });
});
