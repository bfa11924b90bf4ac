/*
 * The dashboard's front end as static files (services/dashboard/web, built
 * by `make` with npm into web/dist): served from DASHBOARD_WEB_DIR (default:
 * the source tree's services/dashboard/web/dist, fixed at build time), so that
 * the running system needs no Node.js. Every path that is neither the API nor
 * a file gets index.html (the pages route in the browser); a missing file
 * under /assets/ is a 404. Responses carry a strict Content-Security-Policy
 * (scripts, styles and connections from this origin only, nothing inline).
 */
#ifndef dash__static_h
#define dash__static_h

#include "h2o.h"

/* Reads DASHBOARD_WEB_DIR once (call before the workers start). Returns 0, or -1 with a line on stderr when the
 * variable is set but is not a directory. A default directory that does not exist is only warned about: the API
 * works without the pages. */
int dash_static_init(void);

/* Answers a GET or HEAD for a non-API path: the file, index.html, or a 404/405 in the API's error shape. */
void dash_static_serve(h2o_req_t *req);

/* Pure: whether `path` (normalised, starting with '/') may name a file: letters, digits, '.', '-', '_' and '/'
 * only, no segment starting with '.'. */
int dash_static_path_ok(const char *path, size_t len);

/* Pure: the Content-Type for a file name by its extension, or NULL when it is not one the front end serves. */
const char *dash_static_type(const char *name, size_t len);

#endif
