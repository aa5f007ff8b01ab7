package extract

import "strings"

// The phrases of furniture blocks, looked for in a block's normalised text
// (see phrases).
var (
	// socialVerb and socialNetwork together mark an invitation to follow
	// the site or the author on a social network.
	socialVerb    = newPhrases("follow", "like us", "join us", "find us", "connect with", "subscribe")
	socialNetwork = newPhrases("facebook", "twitter", "instagram", "youtube", "linkedin", "pinterest",
		"whatsapp", "tiktok", "telegram", "flipboard")

	// newsletter and signUp together mark a newsletter plug.
	newsletter = newPhrases("newsletter", "newsletters")
	signUp     = newPhrases("sign up", "signup", "subscrib*", "inbox", "register")

	clickHere = newPhrases("click here")

	// commentForm matches the stock texts of comment forms.
	commentForm = newPhrases("please enter your comment", "please enter your name", "please enter your email",
		"leave a reply", "leave a comment", "your email address will not be published",
		"required fields are marked", "you have entered an incorrect email", "save my name email")

	// commentPrompt matches the short invitations that open or close a
	// comment section.
	commentPrompt = newPhrases("join the discussion", "join the conversation", "tell us what you think",
		"add a comment", "post a comment", "view comments", "show comments", "load comments",
		"read comments", "see comments")

	// adLabel matches the labels over ad slots ("Advertisement",
	// "Story continues below advertisement"), which stay when the ad does
	// not load.
	adLabel = newPhrases("advertisement", "advertisements", "advert", "adverts", "anzeige", "publicidad",
		"publicidade", "publicité", "pubblicità", "реклама", "iklan", "advertising", "sponsored")

	// adWord is the word of a label longer than one word.
	adWord = newPhrases("advertisement", "advert")

	// rightsReserved matches the copyright notices of page footers.
	rightsReserved = newPhrases("all rights reserved", "todos os direitos reservados",
		"todos los derechos reservados", "alle rechte vorbehalten", "tous droits réservés",
		"tutti i diritti riservati", "все права защищены", "hak cipta dilindungi")

	// affiliate and disclosed together mark the disclosure of affiliate
	// links that shopping pages carry.
	affiliate = newPhrases("affiliate*")
	disclosed = newPhrases("commission*", "link", "links", "disclosure*", "earn*")

	// scriptNotice matches the notices of widgets that need JavaScript.
	scriptNotice = newPhrases("requires javascript", "enable javascript", "javascript is disabled",
		"javascript must be enabled", "javascript enabled", "turn on javascript", "support javascript")
)

// isCommentPrompt reports whether norm is a comment section's heading or
// prompt: "Comments", "12 comments", "Join the discussion".
func isCommentPrompt(norm string) bool {
	rest := strings.TrimLeft(norm, "0123456789 ")
	return rest == "comments" || rest == "comment" || commentPrompt.in(norm)
}

// isAdLabel reports whether norm, a block of a few words, labels an ad:
// "Advertisement", "Anzeige", "Story continues below advertisement". A
// block of one word is a label if it is any of adLabel's; a longer one if
// "advertisement" or "advert" opens or closes it (a sentence has the word
// anywhere: "The advertisement ran twice").
func isAdLabel(norm string) bool {
	first, _, more := strings.Cut(norm, " ")
	if !more {
		return adLabel.in(norm)
	}
	last := norm[strings.LastIndexByte(norm, ' ')+1:]
	return adWord.in(first) || adWord.in(last)
}

// isCopyright reports whether b is a copyright notice: "© 2019 Press TV",
// "Copyright 2019 ...", "... All rights reserved."
func isCopyright(b block) bool {
	return strings.Contains(b.text, "©") || rightsReserved.in(b.norm) ||
		containsWords(b.norm, "copyright 1", true) || containsWords(b.norm, "copyright 2", true)
}
