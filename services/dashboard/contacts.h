/*
 * Contacts, groups and teachers' classes through the API (services/dashboard,
 * contacts.c; issue 18, deploy/migrations/024_schools.sql): the handlers of
 * /api/v1/contacts, /api/v1/groups and /api/v1/teachers, and the one rule every
 * route that shows a contact or a conversation applies for a teacher: a
 * teacher sees only the contacts that are members of one of their classes
 * (user_groups); anything else answers 404, as another tenant's would.
 */
#ifndef dash__contacts_h
#define dash__contacts_h

#include "api.h"

/* The teacher whose scope limits this call (the signed-in user's id when their role is teacher), or NULL (every
 * other role, API tokens: the whole tenant). */
const char *dash_teacher(const dash_call_t *c);

/* SQL: true when the patient whose id is the expression `pid` may be seen by the teacher whose id is parameter
 * `param` ("$3"), or when that parameter is NULL (not a teacher). */
#define DASH_TEACHER_SQL(pid, param)                                                                                   \
    "(" param "::uuid IS NULL OR EXISTS (SELECT 1 FROM group_members tgm JOIN user_groups tug ON tug.group_id ="       \
    " tgm.group_id WHERE tgm.patient_id = " pid " AND tug.user_id = " param "::uuid))"

void dash_contacts_list(dash_call_t *c);
void dash_contacts_get(dash_call_t *c);
void dash_contacts_create(dash_call_t *c);
void dash_contacts_update(dash_call_t *c);
void dash_contacts_delete(dash_call_t *c);
void dash_contacts_import(dash_call_t *c);
void dash_contacts_export(dash_call_t *c);
void dash_groups_list(dash_call_t *c);
void dash_groups_create(dash_call_t *c);
void dash_groups_update(dash_call_t *c);
void dash_groups_delete(dash_call_t *c);
void dash_group_members_list(dash_call_t *c);
void dash_group_members_add(dash_call_t *c);
void dash_group_members_remove(dash_call_t *c);
void dash_teachers_list(dash_call_t *c);

#endif
