-- Who wrote a status meeting's minutes: 'party' when a party submitted them
-- on samskab-web (match.own.minutes; minutes_party says which), 'staff' when
-- staff recorded them (match.meeting.minutes, which also takes them over
-- when staff write them again). NULL for minutes recorded before this
-- migration: who wrote those was not kept, and is not guessed. No foreign
-- key on minutes_party: the minutes outlive an erased volunteer's copy.
ALTER TABLE meeting ADD COLUMN minutes_by text CHECK (minutes_by IN ('staff', 'party')),
                    ADD COLUMN minutes_party bigint;
