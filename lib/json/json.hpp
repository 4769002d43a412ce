#pragma once
// A small JSON value with an order-keeping object: output, audit details and JSONL import.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace svc::json {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
public:
    Value() : m_data(nullptr) {}
    Value(std::nullptr_t) : m_data(nullptr) {}
    Value(bool b) : m_data(b) {}
    Value(int i) : m_data(static_cast<std::int64_t>(i)) {}
    Value(std::int64_t i) : m_data(i) {}
    Value(double d) : m_data(d) {}
    Value(const char* s) : m_data(std::string(s)) {}
    Value(std::string s) : m_data(std::move(s)) {}
    Value(std::string_view s) : m_data(std::string(s)) {}
    Value(Array a) : m_data(std::move(a)) {}
    Value(Object o) : m_data(std::move(o)) {}
    template <typename T>
    Value(const std::optional<T>& o) : Value() {
        if (o) *this = Value(*o);
    }

    bool is_null() const { return std::holds_alternative<std::nullptr_t>(m_data); }
    bool is_bool() const { return std::holds_alternative<bool>(m_data); }
    bool is_integer() const { return std::holds_alternative<std::int64_t>(m_data); }
    bool is_number() const { return is_integer() || std::holds_alternative<double>(m_data); }
    bool is_string() const { return std::holds_alternative<std::string>(m_data); }
    bool is_array() const { return std::holds_alternative<Array>(m_data); }
    bool is_object() const { return std::holds_alternative<Object>(m_data); }

    bool as_bool() const { return std::get<bool>(m_data); }
    std::int64_t as_integer() const { return std::get<std::int64_t>(m_data); }
    double as_number() const;
    const std::string& as_string() const { return std::get<std::string>(m_data); }
    const Array& as_array() const { return std::get<Array>(m_data); }
    const Object& as_object() const { return std::get<Object>(m_data); }
    Array& as_array() { return std::get<Array>(m_data); }
    Object& as_object() { return std::get<Object>(m_data); }

    // Object member lookup; nullptr when absent or not an object.
    const Value* find(std::string_view key) const;
    // Appends a member to an object value.
    Value& set(std::string key, Value v);
    std::string type_name() const;

private:
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> m_data;
};

// Compact, one line; invalid UTF-8 is replaced by U+FFFD so the output is always valid JSON.
std::string dump(const Value& v);
void append_string(std::string& out, std::string_view s);
void append(std::string& out, const Value& v);

// Throws Error(usage) naming the column of the first mistake.
Value parse(std::string_view text);

}  // namespace svc::json
