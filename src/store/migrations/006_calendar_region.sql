-- gongkai store, migration 6: regional calendars. A fact belongs to the
-- national calendar (region '') or to a regional layer (新疆, 西藏, 广西, ...)
-- that an agency counts on over the national one (setting calendar.region).
CREATE TABLE calendar_fact_r (
  region TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (region, date)
);
INSERT INTO calendar_fact_r (region, date, kind, name, source)
  SELECT '', date, kind, name, source FROM calendar_fact;
DROP TABLE calendar_fact;
ALTER TABLE calendar_fact_r RENAME TO calendar_fact;
