#include "mmdb_writer.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>

namespace tp_test {

namespace {

// --- data section encoding (MaxMind DB spec, "Data Section Format")

void put_control(std::string& out, int type, std::size_t size) {
    // Types 1..7 fit the 3 type bits; others are "extended": type bits 0, then type - 7.
    const int type_bits = type <= 7 ? type : 0;
    std::string size_bytes;
    int size_bits = 0;
    if (size < 29) {
        size_bits = static_cast<int>(size);
    } else if (size < 29 + 256) {
        size_bits = 29;
        size_bytes += static_cast<char>(size - 29);
    } else if (size < 285 + 65536) {
        size_bits = 30;
        const std::size_t s = size - 285;
        size_bytes += static_cast<char>(s >> 8);
        size_bytes += static_cast<char>(s & 0xFF);
    } else {
        size_bits = 31;
        const std::size_t s = size - 65821;
        size_bytes += static_cast<char>(s >> 16);
        size_bytes += static_cast<char>((s >> 8) & 0xFF);
        size_bytes += static_cast<char>(s & 0xFF);
    }
    out += static_cast<char>((type_bits << 5) | size_bits);
    if (type > 7) out += static_cast<char>(type - 7);
    out += size_bytes;
}

void put_uint(std::string& out, int type, std::uint64_t value) {
    std::string bytes;
    while (value != 0) {
        bytes.insert(bytes.begin(), static_cast<char>(value & 0xFF));
        value >>= 8;
    }
    put_control(out, type, bytes.size());
    out += bytes;
}

void put_string(std::string& out, const std::string& text) {
    put_control(out, 2, text.size());
    out += text;
}

void put_value(std::string& out, const MmdbValue& v) {
    switch (v.kind) {
    case MmdbValue::Kind::String: put_string(out, v.text); break;
    case MmdbValue::Kind::Uint16: put_uint(out, 5, v.number); break;
    case MmdbValue::Kind::Uint32: put_uint(out, 6, v.number); break;
    case MmdbValue::Kind::Map:
        put_control(out, 7, v.entries.size());
        for (const auto& [key, value] : v.entries) {
            put_string(out, key);
            put_value(out, value);
        }
        break;
    }
}

// --- search tree

struct Record {
    enum class Kind { Empty, Node, Data } kind = Kind::Empty;
    std::uint32_t index = 0; // node index or data offset
};

struct Node {
    std::array<Record, 2> rec;
};

struct Prefix {
    std::array<std::uint8_t, 16> bits{}; // as an IPv6 address
    int length = 0;                      // in the IPv6 tree
};

Prefix parse_prefix(const std::string& cidr) {
    const auto slash = cidr.find('/');
    const std::string addr = cidr.substr(0, slash);
    const int len = slash == std::string::npos ? -1 : std::stoi(cidr.substr(slash + 1));
    Prefix p;
    if (addr.find(':') == std::string::npos) {
        std::array<std::uint8_t, 4> v4{};
        if (inet_pton(AF_INET, addr.c_str(), v4.data()) != 1) throw std::runtime_error("bad cidr " + cidr);
        std::copy(v4.begin(), v4.end(), p.bits.begin() + 12); // ::a.b.c.d
        p.length = 96 + (len < 0 ? 32 : len);
    } else {
        if (inet_pton(AF_INET6, addr.c_str(), p.bits.data()) != 1) throw std::runtime_error("bad cidr " + cidr);
        p.length = len < 0 ? 128 : len;
    }
    if (p.length < 1 || p.length > 128) throw std::runtime_error("bad prefix " + cidr);
    return p;
}

int bit_at(const Prefix& p, int i) { return (p.bits[static_cast<std::size_t>(i / 8)] >> (7 - i % 8)) & 1; }

void put24(std::string& out, std::uint32_t v) {
    out += static_cast<char>((v >> 16) & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
    out += static_cast<char>(v & 0xFF);
}

} // namespace

std::string write_mmdb(const std::vector<MmdbNetwork>& networks, const std::string& database_type) {
    // Data section: one encoded value per network.
    std::string data;
    std::vector<std::pair<Prefix, std::uint32_t>> prefixes;
    for (const MmdbNetwork& n : networks) {
        prefixes.emplace_back(parse_prefix(n.cidr), static_cast<std::uint32_t>(data.size()));
        put_value(data, n.data);
    }
    // Less specific first, so a nested network splits the records of its parent.
    std::stable_sort(prefixes.begin(), prefixes.end(),
                     [](const auto& a, const auto& b) { return a.first.length < b.first.length; });

    std::vector<Node> nodes(1);
    for (const auto& [prefix, offset] : prefixes) {
        std::size_t node = 0;
        for (int depth = 0; depth < prefix.length; ++depth) {
            const auto b = static_cast<std::size_t>(bit_at(prefix, depth));
            if (depth == prefix.length - 1) {
                nodes[node].rec[b] = Record{Record::Kind::Data, offset};
                break;
            }
            if (nodes[node].rec[b].kind == Record::Kind::Node) {
                node = nodes[node].rec[b].index;
                continue;
            }
            // Split: the new node inherits what the record held (empty or the parent's data).
            Node child;
            child.rec[0] = child.rec[1] = nodes[node].rec[b];
            nodes.push_back(child);
            const auto index = static_cast<std::uint32_t>(nodes.size() - 1);
            nodes[node].rec[b] = Record{Record::Kind::Node, index};
            node = index;
        }
    }

    const auto node_count = static_cast<std::uint32_t>(nodes.size());
    std::string out;
    for (const Node& n : nodes) {
        for (const Record& r : n.rec) {
            switch (r.kind) {
            case Record::Kind::Empty: put24(out, node_count); break;
            case Record::Kind::Node: put24(out, r.index); break;
            case Record::Kind::Data: put24(out, node_count + 16 + r.index); break;
            }
        }
    }
    out.append(16, '\0');
    out += data;
    out += "\xAB\xCD\xEFMaxMind.com";
    std::string meta;
    put_control(meta, 7, 9);
    put_string(meta, "node_count");
    put_uint(meta, 6, node_count);
    put_string(meta, "record_size");
    put_uint(meta, 5, 24);
    put_string(meta, "ip_version");
    put_uint(meta, 5, 6);
    put_string(meta, "database_type");
    put_string(meta, database_type);
    put_string(meta, "languages");
    put_control(meta, 11, 1);
    put_string(meta, "en");
    put_string(meta, "binary_format_major_version");
    put_uint(meta, 5, 2);
    put_string(meta, "binary_format_minor_version");
    put_uint(meta, 5, 0);
    put_string(meta, "build_epoch");
    put_uint(meta, 9, 1700000000);
    put_string(meta, "description");
    put_control(meta, 7, 1);
    put_string(meta, "en");
    put_string(meta, "trailproof test database");
    out += meta;
    return out;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error("cannot write " + path);
}

} // namespace tp_test
