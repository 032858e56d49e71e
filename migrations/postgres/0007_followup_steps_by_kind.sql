-- Every save asks the patient's open follow-up for its latest action and latest re-assessment
-- (`decide_on_save`). With only (followup_id, id) that walks every step of the follow-up, and a
-- follow-up that stays open through many severe scores grows a step per save: recording slowed
-- as it grew. With the kind in the index each is one index lookup.
CREATE INDEX followup_steps_kind ON followup_steps (followup_id, kind, id);
