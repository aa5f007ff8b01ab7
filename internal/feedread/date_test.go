package feedread

import (
	"testing"
	"time"
)

func TestPlausibleDate(t *testing.T) {
	at := func(s string) *time.Time { d := date(s); return &d }
	paris := time.FixedZone("CET", 3600)
	local := time.Date(2026, 1, 10, 9, 0, 0, 0, paris)
	tests := []struct {
		name string
		ts   []*time.Time
		want time.Time
	}{
		{"None", nil, time.Time{}},
		{"Nil", []*time.Time{nil}, time.Time{}},
		{"Normal", []*time.Time{at("2026-01-10T08:00:00Z")}, date("2026-01-10T08:00:00Z")},
		{"ToUTC", []*time.Time{&local}, date("2026-01-10T08:00:00Z")},
		{"FallBackToSecond", []*time.Time{nil, at("2025-05-05T00:00:00Z")}, date("2025-05-05T00:00:00Z")},
		{"Epoch", []*time.Time{at("1970-01-01T00:00:00Z")}, time.Time{}},
		{"JustBefore1995", []*time.Time{at("1994-12-31T23:59:59Z")}, time.Time{}},
		{"Start1995", []*time.Time{at("1995-01-01T00:00:00Z")}, date("1995-01-01T00:00:00Z")},
		{"Within48h", []*time.Time{at("2026-01-17T11:59:00Z")}, date("2026-01-17T11:59:00Z")},
		{"Beyond48h", []*time.Time{at("2026-01-17T12:00:01Z")}, time.Time{}},
		{"Year9999", []*time.Time{at("9999-12-31T00:00:00Z")}, time.Time{}},
		{"AbsurdFirstIsNotReplaced", []*time.Time{at("2100-01-01T00:00:00Z"), at("2025-05-05T00:00:00Z")}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plausibleDate(testNow, tt.ts...); !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("plausibleDate = %v, want %v in UTC", got, tt.want)
			}
		})
	}
}
