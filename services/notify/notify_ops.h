/*  notify_ops.h: the handlers of notify's ops. */
#ifndef NOTIFY_OPS_H_INCLUDED
#define NOTIFY_OPS_H_INCLUDED

#include "notify.h"

//  Load the client certificates publishers' topics are read from.
void notify_ops_init (const char *clients);
void notify_ops_term (void);

sk_handler_fn notify_event_list;
sk_handler_fn notify_event_publish;
sk_handler_fn notify_subscription_create;
sk_handler_fn notify_subscription_list;
sk_handler_fn notify_subscription_delete;
sk_handler_fn notify_preference_set;
sk_handler_fn notify_delivery_list;
sk_handler_fn notify_delivery_log;
sk_handler_fn notify_delivery_retry;
sk_handler_fn notify_inbox_list;
sk_handler_fn notify_reminder_meeting;
sk_handler_fn notify_reminder_list;
sk_handler_fn notify_reminder_cancel;
sk_handler_fn notify_digest_send_op;
sk_handler_fn notify_template_list;
sk_handler_fn notify_template_set;
//  notify_mail.c: one direct mail for samskab-web; init with the settings.
void notify_mail_init (const notify_conf_t *conf);
sk_handler_fn notify_mail_send;
//  True if notify/smtp_url is set: e-mail (login links, subscriptions) can go out.
bool notify_mail_configured (void);
//  notify_status.c: what the municipality hears and misses.
sk_handler_fn notify_status;

#endif
