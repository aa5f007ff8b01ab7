package urlnorm

import "strings"

// trackingParams are query parameters that say how a reader got to a story,
// never which story it is, so links differing only in them are the same
// story. Each is set by an analytics or advertising system (or a newsroom's
// own campaign tagging) on links it hands out; none is known to select
// content on any site. Names are matched case-insensitively. Generic names
// such as "ref", "source" or "cmp" are deliberately absent: too many sites
// use them to mean something.
var trackingParams = map[string]bool{
	// Ad-click identifiers, appended by ad networks on every click.
	"gclid": true, "gclsrc": true, "gbraid": true, "wbraid": true, // Google Ads
	"dclid":     true, // Google Display & Video 360 (DoubleClick)
	"fbclid":    true, // Facebook / Meta
	"msclkid":   true, // Microsoft Advertising
	"yclid":     true, // Yandex Direct
	"ysclid":    true, // Yandex
	"twclid":    true, // Twitter / X Ads
	"ttclid":    true, // TikTok Ads
	"li_fat_id": true, // LinkedIn
	"igshid":    true, // Instagram share links
	"igsh":      true, // Instagram share links (newer)
	"srsltid":   true, // Google Merchant Center

	// Analytics cross-domain and campaign tags.
	"_ga": true, "_gl": true, // Google Analytics linker
	"mc_cid": true, "mc_eid": true, // Mailchimp campaign and recipient
	"_hsenc": true, "_hsmi": true, "__hstc": true, "__hssc": true, "__hsfp": true, // HubSpot
	"mkt_tok":     true,                     // Marketo e-mail
	"oly_anon_id": true, "oly_enc_id": true, // Omeda newsletters
	"vero_id": true, "vero_conv": true, // Vero e-mail
	"s_cid":     true,                      // Adobe Analytics campaign
	"wt.mc_id":  true,                      // Webtrends campaign
	"at_medium": true, "at_campaign": true, // AT Internet / Piano (BBC and others)
	"ocid":       true,                                                   // Microsoft / MSN syndication
	"sr_share":   true,                                                   // SimpleReach share
	"guccounter": true, "guce_referrer": true, "guce_referrer_sig": true, // Yahoo consent redirect

	// News sites' own share and campaign tags.
	"cmpid": true,                // campaign id (Washington Post, Guardian, many others)
	"icid":  true,                // internal campaign id (CNN, Guardian and others)
	"smid":  true, "smtyp": true, // New York Times share medium and type
	"ref_src": true, "ref_url": true, // Twitter embed and share attribution
	"__twitter_impression": true, // Twitter embed
}

// isTracking reports whether a query parameter named name (already
// percent-normalised) is tracking. Every "utm_" parameter is: Urchin's
// campaign tags, now Google Analytics' and understood by every other
// analytics tool (utm_source, utm_medium, utm_campaign, utm_term,
// utm_content, utm_id and vendor additions).
func isTracking(name string) bool {
	name = strings.ToLower(name)
	return strings.HasPrefix(name, "utm_") || trackingParams[name]
}
