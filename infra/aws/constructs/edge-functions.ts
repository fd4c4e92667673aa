/**
 * CloudFront Functions (viewer request) adapting requests to their origins. Each is a few lines
 * of the cloudfront-js-2.0 runtime; they are written as plain strings because they run at the
 * edge, not in Node.
 */
import { Function as CloudFrontFunction, FunctionCode, FunctionRuntime } from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

const SOURCES = {
  // Astro builds pages as `page/index.html` (build.format 'directory'); S3 has no index
  // documents, so `/page` and `/page/` are rewritten to that object.
  dashboardIndex: `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) request.uri = uri + '/index.html';
  return request;
}`,
  // FILES_BASE_URL is https://{filesDomain}/files and objects are stored under their own key,
  // so /files/{key} is fetched as {key}.
  filesPrefix: `function handler(event) {
  var request = event.request;
  request.uri = request.uri.substring('/files'.length);
  return request;
}`,
  // API Gateway must receive its own Host, but tenants are resolved from the host the browser
  // used: it travels as X-Forwarded-Host, overwriting anything the client sent.
  forwardedHost: `function handler(event) {
  var request = event.request;
  request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  return request;
}`,
} as const;

/** The viewer-request function `name`, created in `scope`. */
export function edgeFunction(scope: Construct, name: keyof typeof SOURCES): CloudFrontFunction {
  return new CloudFrontFunction(scope, name.charAt(0).toUpperCase() + name.slice(1), {
    runtime: FunctionRuntime.JS_2_0,
    code: FunctionCode.fromInline(SOURCES[name]),
    comment: `content-strategist ${name}`,
  });
}
