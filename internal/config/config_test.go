package config

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

func parse(args []string, env map[string]string) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b := NewBinder(fs)
	b.Data(&c)
	b.Serve(&c)
	err := b.Parse(&c, args, func(k string) string { return env[k] })
	return c, err
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(Config) bool
		wantErr string
	}{
		{"Defaults", nil, nil, func(c Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.DataDir == "data" && !c.Demo && c.BaseURL == "" && c.SiteURL(c.Addr) == "http://127.0.0.1:8080"
		}, ""},
		{"EnvApplies", nil, map[string]string{"MASTHEAD_ADDR": ":9000", "MASTHEAD_DEMO": "1", "MASTHEAD_DATA": "/srv/news"}, func(c Config) bool {
			return c.Addr == ":9000" && c.Demo && c.DataDir == "/srv/news" && c.SiteURL(c.Addr) == "http://localhost:9000"
		}, ""},
		{"FlagBeatsEnv", []string{"--addr", "127.0.0.1:7000"}, map[string]string{"MASTHEAD_ADDR": ":9000"}, func(c Config) bool {
			return c.Addr == "127.0.0.1:7000"
		}, ""},
		{"BaseURLTrimmed", []string{"--base-url", "https://news.example/"}, nil, func(c Config) bool {
			return c.BaseURL == "https://news.example" && c.SiteURL("x") == "https://news.example"
		}, ""},
		{"DatabasePath", []string{"--database", "sqlite:/srv/site.db"}, nil, func(c Config) bool {
			return c.DatabasePath() == "/srv/site.db"
		}, ""},
		{"DefaultDatabasePath", []string{"--data", "/srv/news"}, nil, func(c Config) bool {
			return c.DatabasePath() == "/srv/news/masthead.db"
		}, ""},
		{"OtherDatabase", nil, map[string]string{"MASTHEAD_DATABASE_URL": "mysql://x/y"}, nil, "postgres://"},
		{"CacheMB", []string{"--cache-mb", "64"}, nil, func(c Config) bool { return c.CacheMB == 64 }, ""},
		{"NegativeCacheMB", []string{"--cache-mb", "-1"}, nil, nil, "--cache-mb"},
		{"DebugAddrFromEnv", nil, map[string]string{"MASTHEAD_DEBUG_ADDR": "127.0.0.1:6060"}, func(c Config) bool {
			return c.DebugAddr == "127.0.0.1:6060"
		}, ""},
		{"BadBaseURL", []string{"--base-url", "news.example"}, nil, nil, "--base-url"},
		{"BaseURLWithPath", []string{"--base-url", "https://example.com/news"}, nil, nil, "must not have a path"},
		{"BadAddr", []string{"--addr", "8080"}, nil, nil, "--addr"},
		{"BadEnvBool", nil, map[string]string{"MASTHEAD_DEMO": "perhaps"}, nil, "MASTHEAD_DEMO"},
		{"TrustedProxies", []string{"--trusted-proxies", "10.0.0.0/8, 192.0.2.7,::ffff:198.51.100.1 ,2001:db8::/32"}, nil, func(c Config) bool {
			return fmt.Sprint(c.Proxies) == "[10.0.0.0/8 192.0.2.7/32 198.51.100.1/32 2001:db8::/32]"
		}, ""},
		{"TrustedProxiesFromEnv", nil, map[string]string{"MASTHEAD_TRUSTED_PROXIES": "10.1.2.3/16"}, func(c Config) bool {
			return fmt.Sprint(c.Proxies) == "[10.1.0.0/16]"
		}, ""},
		{"BadTrustedProxy", []string{"--trusted-proxies", "10.0.0.0/8,nginx"}, nil, nil, `"nginx" is not an address`},
		{"LeaderRetryFromEnv", nil, map[string]string{"MASTHEAD_LEADER_RETRY": "2s"}, func(c Config) bool {
			return c.LeaderRetry == 2*time.Second
		}, ""},
		{"LeaderRetryTooShort", []string{"--leader-retry", "1ms"}, nil, nil, "--leader-retry"},
		{"EveryProblemAtOnce", []string{"--addr", "x", "--log-format", "xml", "--data", ""}, nil, nil, "--log-format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parse(tt.args, tt.env)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Fatalf("config %+v", c)
			}
		})
	}
}
