package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/masthead-news/masthead"
)

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartWidth  = 720
	chartHeight = 160
	chartLeft   = 48 // room for the axis labels
	chartBottom = 24 // room for the dates
)

// activityChart draws one series of daily figures as bars, as inline SVG
// with a title and a description for screen readers (the page also has
// the figures as a table). Every string in it is made here from numbers and
// dates, and the label is escaped, so nothing from a reader reaches it.
func activityChart(label string, days []masthead.DayActivity, value func(masthead.DayActivity) int64) template.HTML {
	var peak int64
	for _, d := range days {
		peak = max(peak, value(d))
	}
	top := niceCeiling(peak)
	plotW, plotH := float64(chartWidth-chartLeft), float64(chartHeight-chartBottom)
	var b strings.Builder
	title := template.HTMLEscapeString(label)
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartWidth, chartHeight, title)
	fmt.Fprintf(&b, `<title>%s</title>`, title)
	// Gridlines at 0, half and the top, labelled.
	for _, f := range []float64{0, 0.5, 1} {
		y := plotH - f*plotH
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, chartLeft, y, chartWidth, y)
		fmt.Fprintf(&b, `<text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>`, chartLeft-6, y+4, thousandsSep(int64(f*float64(top))))
	}
	if n := len(days); n > 0 {
		slot := plotW / float64(n)
		for i, d := range days {
			v := value(d)
			h := 0.0
			if top > 0 {
				h = float64(v) / float64(top) * plotH
			}
			x := float64(chartLeft) + float64(i)*slot
			fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
				x+slot*0.15, plotH-h, slot*0.7, h, d.Day.Format("2 Jan"), thousandsSep(v))
			if i == 0 || i == n-1 || (n > 10 && i%7 == 0) {
				fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+slot/2, chartHeight-6, d.Day.Format("2 Jan"))
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceCeiling rounds n up to 1, 2 or 5 times a power of ten, so the axis
// reads in round numbers.
func niceCeiling(n int64) int64 {
	if n <= 0 {
		return 1
	}
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
	}
}
