/*
 * The control API of wa-mock, used by the test suite (not recorded in the
 * request log): POST /_mock/config, GET /_mock/requests, POST /_mock/reset,
 * GET /_mock/health. JSON in, JSON out. Called by dispatch.c with the state
 * lock held; pure.
 */
#ifndef mock__control_h
#define mock__control_h

#include "mock.h"

/* Answers one /_mock/... request into `res` (initialised by the caller). */
void mock_control_handle(mock_state_t *st, const mock_req_t *req, mock_res_t *res);

#endif
