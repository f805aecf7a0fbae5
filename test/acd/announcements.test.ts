// What a waiting caller is told: the stock prompts in app_queue's order, numbers spoken by Asterisk.
import t from 'tap';
import { announcementMedia } from '../../cti/acd/call/queue-announcements.js';

const both = { everySeconds: 30, position: true, holdTime: true };

t.test('first in line hears that they are next, then the hold time, then thanks', async (t) => {
  t.same(announcementMedia(1, 150_000, both), [
    'sound:queue-youarenext',
    'sound:queue-holdtime',
    'number:3',
    'sound:queue-minutes',
    'sound:queue-thankyou',
  ]);
});

t.test('a later caller hears their number; a short hold time is "less than 1 minute"', async (t) => {
  t.same(announcementMedia(4, 20_000, both), [
    'sound:queue-thereare',
    'number:4',
    'sound:queue-callswaiting',
    'sound:queue-holdtime',
    'sound:queue-less-than',
    'number:1',
    'sound:queue-minute',
    'sound:queue-thankyou',
  ]);
  t.same(announcementMedia(2, 60_000, { ...both, position: false }), [
    'sound:queue-holdtime',
    'number:1',
    'sound:queue-minute',
    'sound:queue-thankyou',
  ]);
});

t.test('without an answered call there is no hold time; with nothing to say, silence', async (t) => {
  t.same(announcementMedia(2, null, both), [
    'sound:queue-thereare',
    'number:2',
    'sound:queue-callswaiting',
    'sound:queue-thankyou',
  ]);
  t.same(announcementMedia(2, null, { ...both, position: false }), []);
});
