package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/masthead-news/masthead"
	"github.com/masthead-news/masthead/internal/comment"
)

// settingField is one setting as the settings page shows it.
type settingField struct {
	Key, Label, Help string
	Kind             string   // "select", "number" or "list"
	Options          []string // for select
	Value            string
	Error            string
}

// settingsForm lists the settings the page edits, in the order shown.
var settingsForm = []settingField{
	{Key: comment.SettingModeration, Label: "Which comments wait for a moderator", Kind: "select",
		Options: []string{masthead.ModerateAll, masthead.ModerateFirstTime, masthead.ModerateNone},
		Help:    "all: every comment; first-time: people with no approved comment yet; none: none, unless spam is suspected."},
	{Key: comment.SettingCloseAfterDays, Label: "Close comments after (days)", Kind: "number", Help: "0 keeps them open."},
	{Key: comment.SettingMaxDepth, Label: "Reply depth", Kind: "number", Help: "1 allows no replies to replies."},
	{Key: comment.SettingRatePerMinute, Label: "Comments per address per minute", Kind: "number", Help: "0: no limit."},
	{Key: comment.SettingArticleRate, Label: "Comments per article per minute", Kind: "number", Help: "0: no limit."},
	{Key: comment.SettingMinSeconds, Label: "Seconds before a form may be sent", Kind: "number", Help: "A trap for robots, which fill forms at once."},
	{Key: comment.SettingBlockedWords, Label: "Blocked words and phrases", Kind: "list", Help: "One a line; comments with one go to spam."},
	{Key: comment.SettingBlockedIPs, Label: "Blocked addresses and networks", Kind: "list", Help: "One a line, such as 192.0.2.7 or 198.51.100.0/24."},
	{Key: comment.SettingBlockedEmailDomains, Label: "Blocked email domains", Kind: "list", Help: "One a line, such as spam.example."},
}

type settingsPage struct {
	adminLayout
	Site       siteInfo
	SiteErrors map[string]string
	Fields     []settingField
}

// handleAdminSettings shows the comment policy and blocklists.
// GET /admin/settings
func (s *Server) handleAdminSettings(w http.ResponseWriter, r *http.Request) {
	values, err := s.comments.SettingValues(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fields := make([]settingField, len(settingsForm))
	for i, f := range settingsForm {
		f.Value = values[f.Key]
		if f.Kind == "list" {
			f.Value = strings.ReplaceAll(f.Value, ", ", "\n")
		}
		fields[i] = f
	}
	s.render(w, r, "admin/settings", &settingsPage{adminLayout: s.adminLayout(r, "Settings"), Site: s.site(), Fields: fields})
}

// handleAdminSettingsSave stores the settings. Each is checked on its own:
// the good ones are saved, and the page comes back with what was typed in
// the others and why they were refused.
// POST /admin/settings
func (s *Server) handleAdminSettingsSave(w http.ResponseWriter, r *http.Request) {
	site := siteInfo{Title: r.PostFormValue(settingSiteTitle), Description: r.PostFormValue(settingSiteDescription),
		Language: r.PostFormValue(settingSiteLanguage), TimeZone: r.PostFormValue(settingSiteTimeZone),
		BaseURL: r.PostFormValue(settingSiteBaseURL), Logo: s.site().Logo}
	siteErrs, err := s.setSite(r.Context(), site)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.setLogo(r, &site, siteErrs); err != nil {
		s.fail(w, r, err)
		return
	}
	fields := make([]settingField, len(settingsForm))
	failed := len(siteErrs) > 0
	for i, f := range settingsForm {
		f.Value = r.PostFormValue(f.Key)
		if err := s.comments.SetSetting(r.Context(), f.Key, f.Value); masthead.ErrorCode(err) == masthead.EINVALID {
			f.Error, failed = masthead.ErrorMessage(err), true
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
		fields[i] = f
	}
	s.InvalidateCache()
	if failed {
		p := &settingsPage{adminLayout: s.adminLayout(r, "Settings"), Site: site, SiteErrors: siteErrs, Fields: fields}
		p.Flash = "Some settings were not saved: see below."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "admin/settings", p)
		return
	}
	s.flash(r, "Settings saved; they apply now.")
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
}

// setLogo stores an uploaded logo, or forgets the logo when asked.
func (s *Server) setLogo(r *http.Request, site *siteInfo, errs map[string]string) error {
	if r.PostFormValue("remove_logo") != "" {
		site.Logo = nil
		return s.store.SetSetting(r.Context(), settingSiteLogo, "")
	}
	file, header, err := r.FormFile(settingSiteLogo)
	if err != nil || header.Size == 0 {
		return nil // no new logo
	}
	defer file.Close()
	im, err := s.saveUpload(r.Context(), file, "Logo of "+strings.TrimSpace(site.Title), "", "")
	if code := masthead.ErrorCode(err); code == masthead.EINVALID || code == masthead.ECONFLICT {
		errs[settingSiteLogo] = masthead.ErrorMessage(err)
		return nil
	} else if err != nil {
		return err
	}
	site.Logo = im
	return s.store.SetSetting(r.Context(), settingSiteLogo, strconv.FormatInt(im.ID, 10))
}
