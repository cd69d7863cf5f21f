package dev.ujm.jobs.email;

import java.time.Instant;

/**
 * The result of an e-mail job, and its checkpoint once the server accepted the message: an attempt
 * that finds it (the previous one was cut off after the send) completes without sending again.
 *
 * @param messageId the Message-ID the message was sent with
 * @param recipients how many addresses it went to
 * @param attachments how many files it carried
 * @param sentAt when the server accepted it
 * @param resumed whether this attempt found the message already sent
 */
public record EmailSent(
    String messageId, int recipients, int attachments, Instant sentAt, boolean resumed) {}
