package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	"github.com/masthead-news/masthead"
)

// statusOf maps a domain error code to an HTTP status.
var statusOf = map[string]int{
	masthead.ECONFLICT:     http.StatusConflict,
	masthead.EINVALID:      http.StatusBadRequest,
	masthead.ENOTFOUND:     http.StatusNotFound,
	masthead.EFORBIDDEN:    http.StatusForbidden,
	masthead.EUNAUTHORIZED: http.StatusUnauthorized,
	masthead.EINTERNAL:     http.StatusInternalServerError,
	masthead.ERATELIMIT:    http.StatusTooManyRequests,
}

// fail answers a request that could not be served: JSON for the API, an HTML
// page elsewhere. Internal errors are logged here, once, and their details are
// never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := masthead.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == masthead.EINTERNAL {
		s.log.Error("request failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	if isAPI(r) {
		s.writeJSON(w, status, apiError{Error: masthead.ErrorMessage(err)})
		return
	}
	title, message := "Something went wrong", "We could not show this page. Please try again in a moment."
	switch status {
	case http.StatusNotFound:
		title, message = "Page not found", "There is no page at this address. It may have moved, or it may not be published yet."
	case http.StatusBadRequest:
		title, message = "Bad request", masthead.ErrorMessage(err)
	}
	s.renderStatus(w, r, status, "error", &errorPage{
		Layout:  s.layout(r, title, ""),
		Status:  status,
		Heading: title,
		Message: message,
	})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, masthead.Errorf(masthead.ENOTFOUND, "Not found."))
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// handleNotFound answers every path no route matched.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.notFound(w, r)
}

type apiError struct {
	Error string `json:"error"`
}

// handleAPIMethodNotAllowed answers a method an API route does not take, in
// the API's JSON shape rather than the mux's plain text.
func (s *Server) handleAPIMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusMethodNotAllowed, apiError{Error: "Method " + r.Method + " is not allowed here."})
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		s.log.Error("encode JSON", slog.Any("error", err))
		status, body = http.StatusInternalServerError, []byte(`{"error":"Internal error."}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
