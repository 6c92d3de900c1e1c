/** A webhook body we cannot trust or understand; the route answers 400 and logs the message. */
export class MalformedWebhookBody extends Error {
  override name = 'MalformedWebhookBody';
}
