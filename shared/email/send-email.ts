/**
 * Outgoing email through SES v2 (the local cloud's outbox in development). Every message has a
 * plain-text body (what tests and cautious mail clients read) and an HTML body built from it.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { env } from '../config/env.ts';

let client: SESv2Client | undefined;

export interface Email {
  to: string;
  subject: string;
  /** Paragraphs of plain text; URLs stay on their own paragraph so they are easy to click. */
  paragraphs: string[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function html(paragraphs: string[]): string {
  const body = paragraphs
    .map((paragraph) =>
      /^https?:\/\/\S+$/.test(paragraph)
        ? `<p><a href="${escapeHtml(paragraph)}">${escapeHtml(paragraph)}</a></p>`
        : `<p>${escapeHtml(paragraph)}</p>`,
    )
    .join('\n');
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${body}</body></html>`;
}

/** Sends `email` from the configured sender; returns the SES message id. */
export async function sendEmail(email: Email): Promise<string | undefined> {
  client ??= new SESv2Client({});
  const { MessageId } = await client.send(
    new SendEmailCommand({
      FromEmailAddress: env().EMAIL_FROM,
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.paragraphs.join('\n\n'), Charset: 'UTF-8' },
            Html: { Data: html(email.paragraphs), Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
  return MessageId;
}
