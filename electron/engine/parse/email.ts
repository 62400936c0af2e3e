// Email messages (.eml, RFC 822/MIME) read with postal-mime, which decodes the transfer encodings
// (quoted-printable, base64), charsets and RFC 2047 encoded words. The document is: a header block (From, To,
// Cc, Date, Subject: one paragraph each, so "mail from Anne" finds it), the body (the text/plain part when
// there is one, else the HTML part walked like a web page), then the names of the attachments, which are not
// read. Quoted replies stay in the body: they are often the only copy of what was said.
import PostalMime, { type Address, type Attachment, type Email } from 'postal-mime';
import { errorMessage } from '../../../shared/errors';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { parseErrors } from './errors';
import { walkHtml } from './html-blocks';
import { addPlainParagraphs } from './text-input';

/** Headers that every real message has at least one of; a file with none of them is not an email. */
const MESSAGE_HEADERS = new Set([
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'received',
  'mime-version',
  'content-type',
  'return-path',
  'delivered-to',
]);

/** A text/plain part anywhere in the message (a header, possibly folded onto the next line). */
const PLAIN_PART = /^content-type:\s*text\/plain\b/im;

export async function parseEmail(bytes: Uint8Array): Promise<ParsedDocument> {
  const email = await readMessage(bytes);
  const builder = new DocumentBuilder('email');
  addHeaderBlock(builder, email);
  addBody(builder, email, hasPlainPart(bytes));
  addAttachmentList(builder, email.attachments);
  return builder.build({ title: email.subject });
}

async function readMessage(bytes: Uint8Array): Promise<Email> {
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    throw parseErrors.corrupt('This email', errorMessage(err));
  }
  if (!email.headers.some((h) => MESSAGE_HEADERS.has(h.key))) {
    throw parseErrors.corrupt('This email', 'it has no message headers (From, To, Subject, Date…)');
  }
  return email;
}

function addHeaderBlock(builder: DocumentBuilder, email: Email): void {
  const lines: [string, string | undefined][] = [
    ['From', formatAddresses(email.from ? [email.from] : [])],
    ['To', formatAddresses(email.to ?? [])],
    ['Cc', formatAddresses(email.cc ?? [])],
    // postal-mime gives ISO 8601 when the date parses, else the header as written.
    ['Date', email.date],
    ['Subject', email.subject],
  ];
  for (const [name, value] of lines) {
    if (value?.trim()) builder.addBlock('paragraph', `${name}: ${value}`);
  }
}

/** "Anne Martin <anne@example.org>, team: Bob <bob@example.org>; carol@example.org" */
export function formatAddresses(addresses: Address[]): string {
  return addresses
    .map((a) => (a.group ? `${a.name}: ${formatAddresses(a.group)};` : formatMailbox(a.name, a.address)))
    .join(', ');
}

function formatMailbox(name: string, address: string): string {
  if (!name || name === address) return address;
  return address ? `${name} <${address}>` : name;
}

/**
 * The text part when the message has one; otherwise postal-mime's text is its own rendering of the HTML, and
 * the HTML is walked instead to keep headings, lists and tables.
 */
function addBody(builder: DocumentBuilder, email: Email, plainPart: boolean): void {
  if (email.text && (plainPart || !email.html)) {
    addPlainParagraphs(builder, email.text);
  } else if (email.html) {
    walkHtml(email.html, builder);
  }
}

function hasPlainPart(bytes: Uint8Array): boolean {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // A message without any Content-Type header is text/plain by default.
  return PLAIN_PART.test(raw) || !/^content-type:/im.test(raw);
}

/** One paragraph naming the attached files (their content is not indexed). */
function addAttachmentList(builder: DocumentBuilder, attachments: Attachment[]): void {
  const names = attachments
    .filter((a) => a.filename || a.disposition === 'attachment')
    .map((a) => a.filename ?? `unnamed ${a.mimeType}`);
  if (names.length > 0) builder.addBlock('paragraph', `Attachments: ${names.join(', ')}`);
}
