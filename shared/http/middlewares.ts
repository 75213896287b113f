import type { MiddlewareObj } from '@middy/core';
import { errorResponse } from './error-response.js';
import { PayloadTooLarge } from './errors.js';
import type { HttpEvent } from './event.js';
import type { HttpResponse } from './response.js';

/** Turns any failure into the API's error answer (see error-response.ts); registered first, so it runs last. */
export function errorResponder(): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error, {
        routeKey: request.event.routeKey,
        requestId: request.event.requestContext?.requestId,
      });
    },
  };
}

/**
 * Caps the body and leaves it as UTF-8 text (`isBase64Encoded: false`), so body readers never deal with
 * encodings. The size is checked before decoding, so an oversized body costs no memory.
 */
export function bodyText(maxBytes: number): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    before: ({ event }) => {
      if (!event.body) {
        event.body = undefined;
        return;
      }
      const bytes = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body, 'utf8');
      if (bytes > maxBytes) {
        throw new PayloadTooLarge(
          `The body is larger than ${maxBytes} bytes`,
          `请求体超过 ${maxBytes} 字节的上限`,
        );
      }
      if (event.isBase64Encoded) {
        event.body = Buffer.from(event.body, 'base64').toString('utf8');
        event.isBase64Encoded = false;
      }
    },
  };
}
