// Command fastenlb is a lower bound for Fasten Health's ingest of FHIR bundles, for the
// side-by-side figures of `make bench-peer` (see bench/peer/README.md). It is written for this
// benchmark, not taken from Fasten: fasten-sources is not served by the Go module proxy, so the
// command does what Fasten's ingest cannot avoid doing, with Fasten's own FHIR library
// (github.com/fastenhealth/gofhir-models) and Fasten's storage stack (gorm with the mattn
// SQLite driver, WAL journal, busy timeout and foreign keys as fasten-onprem opens it):
//
//   - each file is decoded into a fhir401.Bundle twice and each entry is mapped to its typed
//     struct with fhir401/utils.MapToResource three times, as fasten-sources' manual client
//     does (patient detection, ProcessBundle, ProcessResource); -single-pass decodes and maps
//     once, a still lower bound;
//   - a sort date and the references of the common resource types are read from the typed
//     struct (Fasten's metadata extractor covers every type and field, so it finds more
//     references and writes more association rows);
//   - each resource is upserted the way fasten-onprem's UpsertRawResource does: the current
//     user is read, one related_resources row is inserted per reference (the user is read again
//     for each), and the resource row is written with gorm's Where(...).Assign(...).
//     FirstOrCreate into its per-type table fhir_<type> (one transaction per statement, as
//     gorm does by default);
//   - the search-parameter columns and their JavaScript (FHIRPath) extraction are left out.
//
// Usage: fastenlb -db FILE.db BUNDLE.json...
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/fastenhealth/gofhir-models/fhir401"
	fhirutils "github.com/fastenhealth/gofhir-models/fhir401/utils"
	"github.com/google/uuid"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ModelBase, OriginBase and resourceRow have the columns of fasten-onprem's ModelBase,
// OriginBase and ResourceBase (its per-type tables add the search-parameter columns).
type ModelBase struct {
	ID        uuid.UUID `gorm:"type:uuid;primary_key;"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt *time.Time `gorm:"index"`
}

func (b *ModelBase) BeforeCreate(*gorm.DB) error {
	b.ID = uuid.New()
	return nil
}

type OriginBase struct {
	ModelBase
	UserID             uuid.UUID
	SourceID           uuid.UUID `gorm:"not null;index:,unique,composite:source_resource_id"`
	SourceResourceType string    `gorm:"not null;index:,unique,composite:source_resource_id"`
	SourceResourceID   string    `gorm:"not null;index:,unique,composite:source_resource_id"`
}

type resourceRow struct {
	OriginBase
	SortDate    *time.Time
	SortTitle   *string
	SourceUri   *string         //nolint:revive // the column name Fasten uses
	ResourceRaw json.RawMessage `gorm:"column:resource_raw;type:text;serializer:json"`
}

type user struct {
	ModelBase
	Username string `gorm:"unique"`
}

type sourceCredential struct {
	ModelBase
	UserID       uuid.UUID
	PlatformType string
}

const relatedResources = `CREATE TABLE IF NOT EXISTS related_resources (
	resource_base_user_id text, resource_base_source_id text,
	resource_base_source_resource_type text, resource_base_source_resource_id text,
	related_resource_user_id text, related_resource_source_id text,
	related_resource_source_resource_type text, related_resource_source_resource_id text,
	PRIMARY KEY (resource_base_user_id, resource_base_source_id, resource_base_source_resource_type,
		resource_base_source_resource_id, related_resource_user_id, related_resource_source_id,
		related_resource_source_resource_type, related_resource_source_resource_id))`

type repo struct {
	db       *gorm.DB
	username string
	tables   map[string]bool
}

func open(path string) (*repo, error) {
	dsn := "file:" + path + "?_busy_timeout=5000&_foreign_keys=on&_journal_mode=WAL"
	db, err := gorm.Open(sqlite.Open(dsn), &gorm.Config{
		DisableForeignKeyConstraintWhenMigrating: true,
		Logger:                                   logger.Discard,
	})
	if err != nil {
		return nil, err
	}
	if err := db.AutoMigrate(&user{}, &sourceCredential{}); err != nil {
		return nil, err
	}
	if err := db.Exec(relatedResources).Error; err != nil {
		return nil, err
	}
	r := &repo{db: db, username: "bench", tables: map[string]bool{}}
	if err := db.Create(&user{Username: r.username}).Error; err != nil {
		return nil, err
	}
	return r, nil
}

func (r *repo) currentUser() (*user, error) {
	var u user
	err := r.db.First(&u, map[string]any{"username": r.username}).Error
	return &u, err
}

// tableName is Fasten's per-type table: fhir_ and the type in snake case.
func tableName(resourceType string) string {
	var b strings.Builder
	b.WriteString("fhir_")
	for i, c := range resourceType {
		if unicode.IsUpper(c) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func (r *repo) table(resourceType string) (string, error) {
	name := tableName(resourceType)
	if !r.tables[name] {
		if err := r.db.Table(name).AutoMigrate(&resourceRow{}); err != nil {
			return "", err
		}
		r.tables[name] = true
	}
	return name, nil
}

// upsert is fasten-onprem's UpsertRawResource without the search-parameter extraction.
func (r *repo) upsert(src *sourceCredential, typ, id string, meta metadata, raw json.RawMessage) error {
	for _, ref := range meta.refs {
		parts := strings.Split(ref, "/")
		if len(parts) != 2 {
			continue
		}
		u, err := r.currentUser()
		if err != nil {
			return err
		}
		if u.ID != src.UserID {
			return errors.New("user ids must match")
		}
		err = r.db.Table("related_resources").Create(map[string]any{
			"resource_base_user_id":                 src.UserID,
			"resource_base_source_id":               src.ID,
			"resource_base_source_resource_type":    typ,
			"resource_base_source_resource_id":      id,
			"related_resource_user_id":              src.UserID,
			"related_resource_source_id":            src.ID,
			"related_resource_source_resource_type": parts[0],
			"related_resource_source_resource_id":   parts[1],
		}).Error
		if err != nil && !strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return err
		}
	}
	u, err := r.currentUser()
	if err != nil {
		return err
	}
	name, err := r.table(typ)
	if err != nil {
		return err
	}
	origin := OriginBase{UserID: u.ID, SourceID: src.ID, SourceResourceType: typ, SourceResourceID: id}
	base := resourceRow{OriginBase: origin, SortDate: meta.sortDate, SortTitle: meta.sortTitle, ResourceRaw: raw}
	row := resourceRow{}
	row.OriginBase = origin
	return r.db.Table(name).
		Where(&resourceRow{OriginBase: OriginBase{SourceID: src.ID, SourceResourceID: id, SourceResourceType: typ}}).
		Assign(base).FirstOrCreate(&row).Error
}

type metadata struct {
	sortDate  *time.Time
	sortTitle *string
	refs      []string
}

func parseDate(s *string) *time.Time {
	if s == nil {
		return nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, *s); err == nil {
			return &t
		}
	}
	return nil
}

func title(cc *fhir401.CodeableConcept) *string {
	if cc == nil {
		return nil
	}
	if cc.Text != nil {
		return cc.Text
	}
	if len(cc.Coding) > 0 {
		return cc.Coding[0].Display
	}
	return nil
}

// extract reads a sort date, a title and references from the common resource types. Fasten's
// extractor handles every type and more fields; this is the lower bound.
func extract(res any, urns map[string]string) metadata {
	var m metadata
	add := func(refs ...*fhir401.Reference) {
		for _, ref := range refs {
			if ref == nil || ref.Reference == nil {
				continue
			}
			s := *ref.Reference
			if mapped, ok := urns[s]; ok {
				s = mapped
			}
			m.refs = append(m.refs, s)
		}
	}
	switch r := res.(type) {
	case fhir401.Encounter:
		m.sortTitle = title(firstCC(r.Type))
		if r.Period != nil {
			m.sortDate = parseDate(r.Period.Start)
		}
		add(r.Subject, r.ServiceProvider)
		for i := range r.Participant {
			add(r.Participant[i].Individual)
		}
		for i := range r.Location {
			add(&r.Location[i].Location)
		}
	case fhir401.Observation:
		m.sortTitle, m.sortDate = title(&r.Code), parseDate(r.EffectiveDateTime)
		add(r.Subject, r.Encounter)
	case fhir401.Condition:
		m.sortTitle, m.sortDate = title(r.Code), parseDate(r.OnsetDateTime)
		add(&r.Subject, r.Encounter)
	case fhir401.Procedure:
		m.sortTitle, m.sortDate = title(r.Code), parseDate(r.PerformedDateTime)
		if r.PerformedPeriod != nil && m.sortDate == nil {
			m.sortDate = parseDate(r.PerformedPeriod.Start)
		}
		add(&r.Subject, r.Encounter, r.Location)
	case fhir401.MedicationRequest:
		m.sortTitle, m.sortDate = title(&r.MedicationCodeableConcept), parseDate(r.AuthoredOn)
		add(&r.Subject, r.Encounter, r.Requester, &r.MedicationReference)
	case fhir401.Immunization:
		m.sortTitle, m.sortDate = title(&r.VaccineCode), parseDate(&r.OccurrenceDateTime)
		add(&r.Patient, r.Encounter, r.Location)
	case fhir401.DiagnosticReport:
		m.sortTitle, m.sortDate = title(&r.Code), parseDate(r.EffectiveDateTime)
		add(r.Subject, r.Encounter)
		for i := range r.Result {
			add(&r.Result[i])
		}
	case fhir401.DocumentReference:
		m.sortDate = parseDate(r.Date)
		add(r.Subject)
	case fhir401.Claim:
		m.sortDate = parseDate(&r.Created)
		add(&r.Patient, &r.Provider)
	case fhir401.ExplanationOfBenefit:
		m.sortDate = parseDate(&r.Created)
		add(&r.Patient, &r.Provider, r.Claim)
	case fhir401.CarePlan:
		m.sortTitle = r.Title
		add(&r.Subject, r.Encounter)
	case fhir401.CareTeam:
		add(r.Subject, r.Encounter)
	case fhir401.AllergyIntolerance:
		m.sortTitle, m.sortDate = title(r.Code), parseDate(r.RecordedDate)
		add(&r.Patient, r.Encounter)
	}
	return m
}

func firstCC(ccs []fhir401.CodeableConcept) *fhir401.CodeableConcept {
	if len(ccs) == 0 {
		return nil
	}
	return &ccs[0]
}

type typedResource interface {
	ResourceRef() (string, *string)
}

func importFile(r *repo, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if !*singlePass {
		// Fasten's ExtractPatientId: the whole bundle decoded and every entry mapped, to find
		// the patient, before the import decodes the file again.
		var bundle fhir401.Bundle
		if err := json.NewDecoder(f).Decode(&bundle); err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		for _, e := range bundle.Entry {
			if _, err := fhirutils.MapToResource(e.Resource, false); err != nil {
				return 0, fmt.Errorf("%s: %w", path, err)
			}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, err
		}
	}
	var bundle fhir401.Bundle
	if err := json.NewDecoder(f).Decode(&bundle); err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	u, err := r.currentUser()
	if err != nil {
		return 0, err
	}
	src := &sourceCredential{UserID: u.ID, PlatformType: "manual"}
	if err := r.db.Create(src).Error; err != nil {
		return 0, err
	}
	type entry struct {
		typ, id string
		obj     any
		raw     json.RawMessage
	}
	entries := make([]entry, 0, len(bundle.Entry))
	urns := map[string]string{}
	for _, e := range bundle.Entry {
		obj, err := fhirutils.MapToResource(e.Resource, false)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		typ, id := obj.(typedResource).ResourceRef()
		if id == nil {
			continue
		}
		if e.FullUrl != nil && strings.HasPrefix(*e.FullUrl, "urn:uuid:") {
			urns[*e.FullUrl] = typ + "/" + *id
		}
		entries = append(entries, entry{typ, *id, obj, e.Resource})
	}
	for _, e := range entries {
		if !*singlePass { // Fasten's ProcessResource maps the entry again
			if e.obj, err = fhirutils.MapToResource(e.raw, false); err != nil {
				return 0, fmt.Errorf("%s: %w", path, err)
			}
		}
		if err := r.upsert(src, e.typ, e.id, extract(e.obj, urns), e.raw); err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
	}
	return len(entries), nil
}

var singlePass = flag.Bool("single-pass", false, "decode each file and map each entry once (Fasten decodes twice and maps three times)")

func main() {
	dbPath := flag.String("db", "", "SQLite database to create or add to")
	flag.Parse()
	if *dbPath == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: fastenlb -db FILE.db BUNDLE.json...")
		os.Exit(2)
	}
	r, err := open(*dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fastenlb:", err)
		os.Exit(1)
	}
	total := 0
	for _, path := range flag.Args() {
		n, err := importFile(r, path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fastenlb:", err)
			os.Exit(1)
		}
		total += n
	}
	sqlDB, err := r.db.DB()
	if err == nil {
		err = sqlDB.Close()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fastenlb:", err)
		os.Exit(1)
	}
	fmt.Println(total)
}
