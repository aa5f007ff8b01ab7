package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/masthead-news/masthead/internal/cache"
	"github.com/masthead-news/masthead/internal/store"
)

// metrics are what /metrics reports about the web server.
type metrics struct {
	gatherer prometheus.Gatherer
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer, pages *cache.Pages, pools []store.Pool) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "masthead_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "masthead_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	cs := []prometheus.Collector{
		m.requests, m.latency,
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "masthead_page_cache_hits_total", Help: "Requests answered from the page cache.",
		}, func() float64 { return float64(pages.Stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "masthead_page_cache_misses_total", Help: "Cacheable requests that had to be rendered.",
		}, func() float64 { return float64(pages.Stats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "masthead_page_cache_bytes", Help: "Bytes of pages held in the page cache.",
		}, func() float64 { return float64(pages.Stats().Bytes) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "masthead_page_cache_entries", Help: "Pages held in the page cache.",
		}, func() float64 { return float64(pages.Stats().Entries) }),
	}
	for _, p := range pools {
		cs = append(cs, collectors.NewDBStatsCollector(p.DB, p.Name))
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	if g, ok := reg.(prometheus.Gatherer); ok {
		m.gatherer = g
	} else {
		m.gatherer = prometheus.DefaultGatherer
	}
	return m, nil
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.gatherer, promhttp.HandlerOpts{})
}
