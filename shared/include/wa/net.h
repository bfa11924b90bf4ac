/*
 * TCP listeners for the h2o servers (libwa): the ingress, the dashboard, the
 * ops endpoints and the test mock each listen the same way, so the socket
 * options live here once.
 */
#ifndef wa__net_h
#define wa__net_h

/* A listening TCP socket on `host` (an IPv4 address; NULL or "" for every address) and `port`, with
 * SO_REUSEADDR, close-on-exec, and with `reuseport` SO_REUSEPORT too (one listener per worker thread, the kernel
 * spreading connections). `nonblock` makes the socket non-blocking. Returns the fd (the caller closes it), or -1
 * with errno set (EINVAL for a host that is not an IPv4 address). Logs nothing: the caller knows what it was for. */
int wa_listen_tcp(const char *host, int port, int reuseport, int nonblock);

#endif
