package config

// Windows has no IANA time zone database, so the program carries Go's (about 410 kB). Linux
// and macOS have one in /usr/share/zoneinfo (Debian's and Fedora's packages depend on
// tzdata); embedding it there too would add its size to the idle daemon's resident memory,
// since the whole binary is mapped.
import _ "time/tzdata"
