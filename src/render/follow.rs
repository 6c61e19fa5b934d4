//! How a delegate follows a meeting from its page: its calendar, to download or to subscribe
//! to, its feed, its briefing pack and, in restricted builds, the release calendar.

use serde::Serialize;

use super::context::Builder;
use crate::release::MeetingView;

/// How a delegate follows a meeting: its calendar (to download, or to subscribe to by
/// `webcal:`), its feed and, in restricted builds, the release calendar.
#[derive(Debug, Serialize)]
pub struct Follow {
    pub calendar_url: String,
    /// The calendar's absolute URL with the `webcal:` scheme calendar applications subscribe by.
    pub webcal_url: String,
    pub feed_url: String,
    pub releases_url: Option<String>,
    /// The briefing pack and its ZIP, when the audience sees any of the meeting's documents.
    pub pack_url: Option<String>,
    pub pack_archive_url: Option<String>,
}

impl<'s> Builder<'_, 's> {
    /// The links a meeting page offers to follow the meeting.
    pub fn follow(&self, meeting: &MeetingView<'s>) -> Follow {
        let has_pack = self.view.config.packs && !meeting.documents.is_empty();
        let meeting = meeting.meeting;
        let calendar_url = self.urls.meeting_calendar(self.lang, &meeting.id);
        let absolute = self.absolute(&calendar_url);
        let webcal_url = match absolute.split_once("://") {
            Some((_, rest)) => format!("webcal://{rest}"),
            None => absolute,
        };
        Follow {
            calendar_url,
            webcal_url,
            feed_url: self.urls.meeting_feed(self.lang, &meeting.id),
            releases_url: self
                .view
                .audience
                .restricted
                .then(|| self.urls.release_calendar(self.lang)),
            pack_url: has_pack.then(|| self.urls.pack(self.lang, &meeting.id)),
            pack_archive_url: has_pack.then(|| self.urls.pack_archive(self.lang, &meeting.id)),
        }
    }
}
