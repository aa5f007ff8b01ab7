package postgres

import (
	"context"
	"fmt"
)

// Settings returns every stored setting; an empty map when there are none.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	settings := make(map[string]string)
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("settings: %w", err)
		}
		settings[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return settings, nil
}

// SetSetting stores value under key, replacing any earlier value. Triggers
// change ChangeVersion, as settings shape what pages show.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.exec(ctx, fmt.Sprintf("set setting %q", key), `
		INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, key, value)
}
