-- gongkai store, migration 12: flood resistance and separation of duties.
-- intake: how an online application came in. '' = ordinary; 'surge' =
-- registered while the platform-wide intake brake was on (more applications
-- in the last hour than the agency's setting apply.surge_per_hour), waiting
-- for staff to confirm; 'genuine' = confirmed; 'spam' = confirmed spam,
-- counted nowhere in table 三 of the annual report. Every application is
-- registered whatever its intake: the statutory clock starts at registration
-- (条例 art. 31).
ALTER TABLE application ADD COLUMN intake TEXT NOT NULL DEFAULT '';
ALTER TABLE application ADD COLUMN intake_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX application_intake ON application(agency_id, intake);
-- A token acts only for the account that created it: tokens the system
-- administrator (or anyone) issued for another account are revoked.
UPDATE api_token SET revoked = 1
 WHERE revoked = 0 AND id IN (
   SELECT a.entity_id FROM audit a JOIN app_user u ON u.id = api_token.user_id
    WHERE a.entity = 'token' AND a.action = 'create' AND a.actor <> u.login);
